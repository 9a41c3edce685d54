export { redisStore, type RedisStoreOptions } from './redis-store.js';
export { RedisSessionStore } from './redis-session-store.js';
export { RedisEventStore } from './redis-event-store.js';
export { RedisTaskStore } from './redis-task-store.js';
export { RedisRateLimitStore } from './redis-rate-limit-store.js';
export { RedisResultCacheStore } from './redis-result-cache-store.js';
