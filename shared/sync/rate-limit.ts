/** A token bucket: `rate` tokens a second, holding at most `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes `cost` tokens if there are enough; false (and nothing taken) if not. */
  take(cost = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** Gives back tokens taken for something that turned out legitimate. */
  refund(cost = 1): void {
    this.tokens = Math.min(this.burst, this.tokens + cost);
  }
}

/**
 * Handshake attempts per remote address: each failed handshake is one guess at the
 * workshop code, so guesses are limited to `burst` at once and `perMinute` after.
 */
export class AttemptLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(
    private readonly perMinute = 6,
    private readonly burst = 6,
    private readonly now: () => number = Date.now,
  ) {}

  tryAttempt(address: string): boolean {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      // Forget idle addresses so a scan of many addresses cannot grow this map forever.
      if (this.buckets.size > 4096) this.buckets.clear();
      bucket = new TokenBucket(this.perMinute / 60, this.burst, this.now);
      this.buckets.set(address, bucket);
    }
    return bucket.take();
  }

  succeeded(address: string): void {
    this.buckets.get(address)?.refund();
  }
}
