/** commander's parser for an option given several times (`-e A=1 -e B=2`): every value, in order. */
export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
