// The argument shapes of the tools/list bench: ten tool inputs of the kind real servers take (nested objects, arrays
// of them, enums, optional fields, numeric bounds, string formats, a description on every field), written once as
// data so that nestjs-mcp's DTO classes (rich-dtos.js) and the raw SDK's zod schemas (rich-zod.js) are the same shapes.
//
// A field: { kind, description, optional?, ... } where kind is
//   'string' (format?: 'email' | 'url' | 'uuid' | 'date-time', minLength?, maxLength?), 'integer' | 'number' (min?, max?),
//   'boolean', 'enum' (values), 'object' (shape: the name of another shape), 'array' (of: a shape name, minItems?, maxItems?);
// a bound left undefined is not set.

const text = (description, extra = {}) => ({ kind: 'string', description, ...extra });
const integer = (description, min, max, extra = {}) => ({ kind: 'integer', description, min, max, ...extra });
const oneOf = (description, values, extra = {}) => ({ kind: 'enum', description, values, ...extra });
const nested = (description, shape, extra = {}) => ({ kind: 'object', description, shape, ...extra });
const listOf = (description, of, minItems, maxItems, extra = {}) => ({ kind: 'array', description, of, minItems, maxItems, ...extra });
const optional = { optional: true };

const currencies = ['EUR', 'USD', 'GBP', 'JPY', 'CHF'];

/** Every shape by name: the nested ones first, then the ten tool inputs (`TOOL_SHAPES`). */
export const SHAPES = {
  Address: {
    street: text('Street and number', { minLength: 1, maxLength: 200 }),
    city: text('City', { minLength: 1, maxLength: 100 }),
    postcode: text('Postal code', { maxLength: 20, ...optional }),
    country: oneOf('Country code', ['FR', 'DE', 'GB', 'US', 'JP', 'IT', 'ES']),
  },
  Contact: {
    name: text('Full name', { minLength: 1, maxLength: 120 }),
    email: text('Email address', { format: 'email' }),
    phone: text('Phone number, international format', { maxLength: 32, ...optional }),
  },
  Money: {
    amount: { kind: 'number', description: 'Amount in the currency unit', min: 0, max: 1_000_000 },
    currency: oneOf('ISO 4217 currency', currencies),
  },
  LineItem: {
    sku: text('Stock keeping unit', { minLength: 3, maxLength: 40 }),
    quantity: integer('How many', 1, 1000),
    unitPrice: nested('Price of one unit', 'Money'),
  },
  StockChange: {
    sku: text('Stock keeping unit', { minLength: 3, maxLength: 40 }),
    delta: integer('Units added (positive) or removed (negative)', -10_000, 10_000),
    reason: oneOf('Why the stock changed', ['received', 'sold', 'returned', 'damaged', 'counted']),
  },
  Parcel: {
    weightKg: { kind: 'number', description: 'Weight in kilograms', min: 0.01, max: 1000 },
    lengthCm: integer('Length in centimetres', 1, 300),
    widthCm: integer('Width in centimetres', 1, 300),
    heightCm: integer('Height in centimetres', 1, 300),
    fragile: { kind: 'boolean', description: 'Handle with care', ...optional },
  },
  CreateOrder: {
    customer: nested('Who orders', 'Contact'),
    shipping: nested('Where to ship', 'Address'),
    items: listOf('What is ordered', 'LineItem', 1, 100),
    priority: oneOf('Handling priority', ['low', 'normal', 'high', 'urgent']),
    notes: text('Notes for the warehouse', { maxLength: 500, ...optional }),
  },
  SearchProducts: {
    query: text('Words to look for', { minLength: 1, maxLength: 200 }),
    category: oneOf('Restrict to one category', ['books', 'music', 'garden', 'toys', 'tools'], optional),
    minPrice: { kind: 'number', description: 'Lowest price', min: 0, max: 100_000, ...optional },
    maxPrice: { kind: 'number', description: 'Highest price', min: 0, max: 100_000, ...optional },
    page: integer('Page number, from 1', 1, 1000, optional),
    pageSize: integer('Results per page', 1, 100, optional),
  },
  RegisterUser: {
    email: text('Login email address', { format: 'email' }),
    name: text('Display name', { minLength: 2, maxLength: 80 }),
    homepage: text('Personal web page', { format: 'url', ...optional }),
    age: integer('Age in years', 13, 130, optional),
    address: nested('Postal address', 'Address', optional),
    role: oneOf('Account role', ['reader', 'editor', 'admin']),
  },
  ScheduleMeeting: {
    title: text('Meeting title', { minLength: 1, maxLength: 200 }),
    startsAt: text('Start, ISO 8601 date and time', { format: 'date-time' }),
    durationMinutes: integer('Length in minutes', 5, 480),
    attendees: listOf('Who is invited', 'Contact', 1, 50),
    location: nested('Where, if in person', 'Address', optional),
    recurrence: oneOf('Repeats', ['none', 'daily', 'weekly', 'monthly'], optional),
  },
  CreateInvoice: {
    customer: nested('Who is billed', 'Contact'),
    billing: nested('Billing address', 'Address'),
    lines: listOf('Invoice lines', 'LineItem', 1, 200),
    dueInDays: integer('Days until payment is due', 0, 365),
    currency: oneOf('Invoice currency', currencies),
    memo: text('Free text printed on the invoice', { maxLength: 1000, ...optional }),
  },
  UpdateInventory: {
    warehouseId: text('Warehouse identifier', { format: 'uuid' }),
    changes: listOf('Stock changes to apply', 'StockChange', 1, 500),
    dryRun: { kind: 'boolean', description: 'Validate without applying', ...optional },
  },
  SendNotification: {
    recipient: nested('Who is notified', 'Contact'),
    channel: oneOf('How', ['email', 'sms', 'push', 'slack']),
    subject: text('Subject line', { minLength: 1, maxLength: 200 }),
    body: text('Message body', { minLength: 1, maxLength: 5000 }),
    link: text('Link to open', { format: 'url', ...optional }),
    sendAt: text('When to send, ISO 8601 date and time', { format: 'date-time', ...optional }),
  },
  BookShipment: {
    from: nested('Pick-up address', 'Address'),
    to: nested('Delivery address', 'Address'),
    parcels: listOf('Parcels to ship', 'Parcel', 1, 20),
    service: oneOf('Carrier service', ['economy', 'standard', 'express', 'overnight']),
    insuredValue: nested('Declared value to insure', 'Money', optional),
  },
  FileTicket: {
    reporter: nested('Who reports', 'Contact'),
    severity: oneOf('How bad', ['trivial', 'minor', 'major', 'critical', 'blocker']),
    title: text('One-line summary', { minLength: 5, maxLength: 150 }),
    description: text('What happened and how to reproduce it', { minLength: 10, maxLength: 10_000 }),
    component: oneOf('Affected component', ['api', 'web', 'mobile', 'billing', 'search'], optional),
    watchers: listOf('Who else follows the ticket', 'Contact', undefined, 20, optional),
  },
  PlanTrip: {
    traveller: nested('Lead traveller', 'Contact'),
    origin: nested('Leaving from', 'Address'),
    destination: nested('Going to', 'Address'),
    departOn: text('Departure, ISO 8601 date and time', { format: 'date-time' }),
    returnOn: text('Return, ISO 8601 date and time', { format: 'date-time', ...optional }),
    budget: nested('Total budget', 'Money'),
    travellers: integer('Number of travellers', 1, 12),
  },
};

/** The ten tool inputs, with the verb their tools are named after. */
export const TOOL_SHAPES = [
  { shape: 'CreateOrder', verb: 'create_order', purpose: 'Creates an order for a customer, shipped to one address' },
  { shape: 'SearchProducts', verb: 'search_products', purpose: 'Searches the product catalogue' },
  { shape: 'RegisterUser', verb: 'register_user', purpose: 'Registers a user account' },
  { shape: 'ScheduleMeeting', verb: 'schedule_meeting', purpose: 'Schedules a meeting and invites its attendees' },
  { shape: 'CreateInvoice', verb: 'create_invoice', purpose: 'Issues an invoice' },
  { shape: 'UpdateInventory', verb: 'update_inventory', purpose: 'Applies stock changes to a warehouse' },
  { shape: 'SendNotification', verb: 'send_notification', purpose: 'Sends a notification on one channel' },
  { shape: 'BookShipment', verb: 'book_shipment', purpose: 'Books a shipment of parcels with a carrier' },
  { shape: 'FileTicket', verb: 'file_ticket', purpose: 'Files a support ticket' },
  { shape: 'PlanTrip', verb: 'plan_trip', purpose: 'Plans a trip within a budget' },
];

/** The `count` tools: tool i takes shape i mod 10 and has its own name and description. */
export function richTools(count) {
  return Array.from({ length: count }, (_, index) => {
    const { shape, verb, purpose } = TOOL_SHAPES[index % TOOL_SHAPES.length];
    return { name: `${verb}_${index}`, description: `${purpose} (tool ${index} of ${count}).`, shape };
  });
}
