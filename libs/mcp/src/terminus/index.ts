export { McpHealthIndicator, type McpHealthDetails } from './mcp-health.indicator.js';
