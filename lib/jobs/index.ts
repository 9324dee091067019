export { startWorker, QUEUES, type Worker } from "./worker";
export { registerAwsJobs, type AwsJobs } from "./aws-jobs";
export { scheduleDueSyncs, AWS_QUEUES, singletonKeyOf, type CollectJob } from "./schedule-syncs";
