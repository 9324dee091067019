import { type MetricCatalog } from "./metric-catalog";
import { type Dimension, type MetricSeries, seriesKey } from "./metric-series";
import { INGESTION_DELAY_SECONDS, type Statistic, aggregateBucket, parseStatistic, retainedFrom } from "./metric-stats";
import { asObject, optionalArray, optionalNumber, optionalObject, optionalString, requiredString, timestampSeconds } from "./json-input";
import { decodePageToken, encodePageToken } from "./query-params";
import { hashString } from "./random";
import { SimError } from "./sim-error";

// GetMetricData takes at most 500 queries per call and returns at most
// 100,800 datapoints per call before paginating with NextToken.
export const MAX_QUERIES = 500;
export const MAX_DATAPOINTS = 100_800;

const ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;
const HIGH_RESOLUTION_PERIODS = new Set([1, 5, 10, 30]);

interface ParsedQuery {
  id: string;
  label: string;
  returnData: boolean;
  series: MetricSeries | undefined;
  period: number;
  statistic: Statistic;
}

export interface MetricDataResult {
  Id: string;
  Label: string;
  Timestamps: number[];
  Values: number[];
  StatusCode: "Complete" | "PartialData";
  Messages: never[];
}

function parseQuery(raw: Record<string, unknown>, catalog: MetricCatalog): ParsedQuery {
  const id = requiredString(raw, "Id");
  if (!ID_PATTERN.test(id)) {
    throw new SimError("Validation", `The value ${id} for parameter MetricDataQueries.member.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.`);
  }
  if (raw.Expression !== undefined) {
    throw new SimError("Validation", `Metric math expressions are not supported by the simulator (query ${id}).`);
  }
  const stat = optionalObject(raw, "MetricStat");
  if (!stat) throw new SimError("Validation", `Query ${id} needs MetricStat or Expression.`);
  const metric = asObject(stat.Metric, "MetricStat.Metric");
  const period = optionalNumber(stat, "Period");
  if (period === undefined || !Number.isInteger(period) || period <= 0 || (period % 60 !== 0 && !HIGH_RESOLUTION_PERIODS.has(period))) {
    throw new SimError("Validation", `The parameter MetricDataQueries.member.MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60 (query ${id}).`);
  }
  const statName = requiredString(stat, "Stat");
  const statistic = parseStatistic(statName);
  if (!statistic) throw new SimError("Validation", `The value ${statName} for parameter MetricDataQueries.member.MetricStat.Stat is not valid.`);
  const namespace = requiredString(metric, "Namespace");
  const metricName = requiredString(metric, "MetricName");
  const dimensions: Dimension[] = optionalArray(metric, "Dimensions").map((d) => ({
    Name: requiredString(d, "Name"),
    Value: requiredString(d, "Value"),
  }));
  let series = catalog.byKey.get(seriesKey(namespace, metricName, dimensions));
  // Asking for a unit the metric is not published in returns no data, as in CloudWatch.
  const unit = optionalString(stat, "Unit");
  if (series && unit !== undefined && unit !== series.unit) series = undefined;
  return {
    id,
    label: optionalString(raw, "Label") ?? metricName,
    returnData: raw.ReturnData !== false,
    series,
    period,
    statistic,
  };
}

export interface GetMetricDataOutput {
  MetricDataResults: MetricDataResult[];
  NextToken?: string;
  Messages: never[];
}

export function getMetricData(input: Record<string, unknown>, catalog: MetricCatalog, now: Date): GetMetricDataOutput {
  const rawQueries = optionalArray(input, "MetricDataQueries");
  if (rawQueries.length === 0 || rawQueries.length > MAX_QUERIES) {
    throw new SimError(
      "Validation",
      `1 validation error detected: Value at 'metricDataQueries' failed to satisfy constraint: Member must have length ${rawQueries.length === 0 ? "greater than or equal to 1" : `less than or equal to ${MAX_QUERIES}`}`,
    );
  }
  const start = timestampSeconds(input, "StartTime");
  const end = timestampSeconds(input, "EndTime");
  if (start >= end) throw new SimError("Validation", "The parameter StartTime must be less than the parameter EndTime.");
  const queries = rawQueries.map((q) => parseQuery(q, catalog));
  const ids = new Set<string>();
  for (const q of queries) {
    if (ids.has(q.id)) throw new SimError("Validation", `The values for parameter id in MetricDataQueries are not unique: ${q.id}`);
    ids.add(q.id);
  }
  const ascending = optionalString(input, "ScanBy") === "TimestampAscending";
  const budgetLimit = Math.min(MAX_DATAPOINTS, optionalNumber(input, "MaxDatapoints") ?? MAX_DATAPOINTS);
  const nowSec = now.getTime() / 1000;
  const availableUntil = nowSec - INGESTION_DELAY_SECONDS;
  const { NextToken: _token, ...rest } = input;
  const fingerprint = hashString(JSON.stringify(rest)).toString(36);
  const token = optionalString(input, "NextToken");
  const resume = token === undefined ? 0 : decodePageToken(token, fingerprint);
  // The resume offset packs (query index, bucket offset within that query).
  let queryIndex = Math.floor(resume / 1_000_000_000);
  let bucketOffset = resume % 1_000_000_000;
  let budget = budgetLimit;
  const results: MetricDataResult[] = [];
  let nextToken: string | undefined;

  for (; queryIndex < queries.length; queryIndex++, bucketOffset = 0) {
    const query = queries[queryIndex] as ParsedQuery;
    if (!query.returnData) continue;
    const buckets = bucketRange(query, start, end, nowSec, availableUntil);
    const remaining = Math.max(0, buckets.count - bucketOffset);
    const take = Math.min(remaining, budget);
    const result: MetricDataResult = { Id: query.id, Label: query.label, Timestamps: [], Values: [], StatusCode: "Complete", Messages: [] };
    if (query.series) {
      for (let i = bucketOffset; i < bucketOffset + take; i++) {
        const index = ascending ? i : buckets.count - 1 - i;
        const bucketStart = buckets.first + index * query.period;
        const value = aggregateBucket(query.series, query.statistic, bucketStart, query.period, availableUntil);
        if (value === null) continue;
        result.Timestamps.push(bucketStart);
        result.Values.push(value);
      }
    }
    budget -= take;
    results.push(result);
    if (take < remaining) {
      result.StatusCode = "PartialData";
      nextToken = encodePageToken(queryIndex * 1_000_000_000 + bucketOffset + take, fingerprint);
      break;
    }
  }
  return { MetricDataResults: results, ...(nextToken ? { NextToken: nextToken } : {}), Messages: [] };
}

/** Buckets aligned to the period inside [start, end), clipped to retention, lifetime and "now". */
function bucketRange(query: ParsedQuery, start: number, end: number, nowSec: number, availableUntil: number): { first: number; count: number } {
  const { period, series } = query;
  if (!series) return { first: 0, count: 0 };
  let lo = Math.max(start, retainedFrom(period, nowSec), series.from / 1000 - period);
  let hi = Math.min(end, availableUntil + 60, series.until === null ? end : series.until / 1000);
  lo = Math.floor(lo / period) * period;
  hi = Math.min(Math.ceil(hi / period) * period, Math.ceil(end / period) * period);
  if (hi <= lo) return { first: lo, count: 0 };
  return { first: lo, count: Math.round((hi - lo) / period) };
}
