/** Recording of responses: latency histograms, counters per instance and shard, request accounting. */
package dev.mio.metrics;
