// class-transformer keeps `@Type()` metadata in an internal singleton with no typed entry point.
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: {
    findTypeMetadata(target: Function, propertyName: string): { typeFunction?: () => Function } | undefined;
  };
}
