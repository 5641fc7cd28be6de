package dev.mio.config;

/** How the load driver paces requests. */
public enum LoadModel {
  /** A fixed number of connections, each with one request outstanding; latency from the actual send. */
  CLOSED,
  /** A constant request rate; latency from each request's intended send time (coordinated omission corrected). */
  OPEN
}
