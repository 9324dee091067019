export { startWorker, QUEUES, type Worker } from "./worker";
