/** A loopback port no one listens on, below Linux's ephemeral range. */
export declare function freePort(): Promise<number>;
