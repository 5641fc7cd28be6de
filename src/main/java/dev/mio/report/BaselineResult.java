package dev.mio.report;

import java.time.Instant;

/**
 * The single-instance baseline a run is compared with.
 *
 * @param source "measured" in this run, or "cached" from an earlier run's measurement
 * @param measuredAt when the baseline was measured
 */
public record BaselineResult(String source, Instant measuredAt, PhaseResult phase) {}
