import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Min } from 'class-validator';
import { Field } from 'nestjs-mcp';

export class TagCountDto {
  @IsString()
  @Field('The tag')
  tag!: string;

  @IsInt()
  @Min(1)
  @Field('How many notes carry it')
  notes!: number;
}

export class NoteStatsDto {
  @IsInt()
  @Min(0)
  @Field('How many notes there are')
  notes!: number;

  @IsArray()
  @Type(() => TagCountDto)
  @Field({ description: 'Every tag in use with its number of notes, most used first', type: () => TagCountDto })
  tags!: TagCountDto[];
}
