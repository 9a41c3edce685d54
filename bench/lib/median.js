// The median of some measurements (the upper middle one when their count is even).
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
