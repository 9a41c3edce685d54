import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';
import { Field } from 'nestjs-mcp';

export class ReviewArgs {
  @IsString()
  @MinLength(1)
  @Field('Topic to review notes about')
  topic!: string;

  @IsOptional()
  @IsIn(['brief', 'detailed'])
  @Field('How thorough the review should be')
  depth?: 'brief' | 'detailed';
}
