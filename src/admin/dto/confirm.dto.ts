import { IsBoolean } from 'class-validator';
import { Field } from 'nestjs-mcp';

export class ConfirmDto {
  @IsBoolean()
  @Field({ title: 'Confirm', description: 'Yes, delete every note' })
  confirm!: boolean;
}
