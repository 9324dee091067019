// The parts of autocannon 9 this benchmark uses (the package ships no types).
declare module "autocannon" {
  import type { ClientRequest } from "node:http";
  type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p97_5: number; p99: number; [key: string]: number };
  export type Result = { latency: Histogram; requests: Histogram & { total: number }; throughput: Histogram; errors: number; timeouts: number; non2xx: number; duration: number };
  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    pipelining?: number;
    headers?: Record<string, string>;
    requests?: { method?: string; path?: string; setupRequest?: (req: { path?: string; method?: string; headers?: Record<string, string> }) => { path?: string; method?: string; headers?: Record<string, string> } }[];
  };
  function autocannon(options: Options): Promise<Result> & { on?: (event: string, fn: (client: ClientRequest) => void) => void };
  export default autocannon;
}
