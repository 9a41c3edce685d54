// class-validator's metadata storage on its own, without the validators its entry point loads (libphonenumber-js,
// validator): enough to derive a DTO's JSON Schema. The storage itself is a global, shared by every copy.
declare module 'class-validator/cjs/metadata/MetadataStorage.js' {
  export const getMetadataStorage: typeof import('class-validator').getMetadataStorage;
}
