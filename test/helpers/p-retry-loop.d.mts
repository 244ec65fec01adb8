export interface RetryOptions {
  retries: number
  minTimeout: number
  maxRetryTime: number
}
export declare function retry<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T>
