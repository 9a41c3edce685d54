import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Field } from 'nestjs-mcp';

export class NoteDto {
  @IsUUID()
  @Field('Note id')
  id!: string;

  @IsString()
  @Field('The note text')
  text!: string;

  @IsArray()
  @IsString({ each: true })
  @Field('Tags of the note')
  tags!: string[];

  @IsISO8601()
  @Field('When the note was created (ISO 8601)')
  createdAt!: string;
}

export class AddNoteDto {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Field('What to remember')
  text!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Field({ description: 'Tags to file the note under', examples: [['work', 'ideas']] })
  tags: string[] = [];
}

export class SearchNotesDto {
  @IsString()
  @MinLength(1)
  @Field('Words to look for (case-insensitive)')
  query!: string;

  @IsOptional()
  @IsString()
  @Field('Only notes with this tag')
  tag?: string;
}

export class NoteListDto {
  @IsArray()
  @Type(() => NoteDto)
  @Field({ description: 'Matching notes', type: () => NoteDto })
  notes!: NoteDto[];
}
