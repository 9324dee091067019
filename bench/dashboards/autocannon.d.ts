// The parts of autocannon 9 this benchmark uses (the package ships no types).
declare module "autocannon" {
  type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p97_5: number; p99: number; [key: string]: number };
  export type Result = { latency: Histogram; requests: Histogram & { total: number }; throughput: Histogram; errors: number; timeouts: number; non2xx: number; duration: number };
  type Request = { path?: string; method?: string; headers?: Record<string, string>; body?: string };
  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    pipelining?: number;
    headers?: Record<string, string>;
    requests?: (Request & { setupRequest?: (req: Request) => Request })[];
  };
  /** The run: a promise of its result, and an emitter of each response (latency in ms). */
  export type Instance = Promise<Result> & { on(event: "response", fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void };
  function autocannon(options: Options): Instance;
  export default autocannon;
}
