package dev.mio.sample;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Samples, every interval on one daemon thread, the CPU time and RSS of each tracked instance's whole
 * process tree and of the orchestrator's own process, keeping a bounded series and window aggregates per
 * instance and for the sum over instances; every read method may be called from any thread.
 */
public final class ResourceSampler implements AutoCloseable {

  private static final class Tracked {
    final int id;
    final LongSupplier rootPid;
    final ProcessTree tree;
    final SampleSeries series;
    ResourceSample pending; // confined to the sampler thread: this tick's sample until the tick is recorded

    Tracked(int id, LongSupplier rootPid, ProcessTree tree, SampleSeries series) {
      this.id = id;
      this.rootPid = rootPid;
      this.tree = tree;
      this.series = series;
    }

    boolean followRoot() {
      long pid;
      try {
        pid = rootPid.getAsLong();
      } catch (RuntimeException e) {
        pid = -1;
      }
      return tree.followRoot(pid);
    }

    void recordPending() {
      if (pending != null) {
        series.record(pending);
        pending = null;
      }
    }
  }

  private final ProcessTable table;
  private final SamplerSettings settings;
  private final ConcurrentHashMap<Integer, Tracked> tracked = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Tracked> retired = new ConcurrentLinkedQueue<>();
  private final SampleSeries selfSeries;
  private final SampleSeries totalsSeries;
  private final Object windowLock = new Object();
  private final Thread thread;
  private final AtomicLong ticks = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile Throwable lastError;
  private volatile long samplerThreadId = -1;
  private volatile boolean started;
  private volatile boolean closed;

  // Confined to the sampler thread.
  private final TreeDiscovery discovery;
  private final SelfProcess self;
  private final ProcStat scratch = new ProcStat();
  private final AtomicLong trackedVersion = new AtomicLong();
  private long activeVersion = -1;
  private Tracked[] active = new Tracked[0];
  private final List<ProcessTree> trees = new ArrayList<>();
  private long sumIntervalCpu;
  private long sumRss;
  private int sumProcesses;
  private boolean anySample;
  private long lastDiscoveryNanos;
  private long lastTickNanos = -1;
  private long totalsCpuNanos;

  /** A sampler reading the given process table (the OS seam) with the given settings. */
  public ResourceSampler(ProcessTable table, SamplerSettings settings) {
    if (table == null || settings == null) {
      throw new IllegalArgumentException("table and settings must not be null");
    }
    this.table = table;
    this.settings = settings;
    this.selfSeries = new SampleSeries(settings.capacity());
    this.totalsSeries = new SampleSeries(settings.capacity());
    this.discovery = new TreeDiscovery(table);
    this.self = new SelfProcess(table, ProcessHandle.current().pid());
    // A plain parked thread, not a ScheduledExecutorService: on this VM an empty fixed-rate task cost
    // 169 µs of thread CPU per wake-up against 61 µs for a parkNanos loop (bench/sampler-cost.sh notes).
    this.thread = new Thread(this::run, "mio-resource-sampler");
    this.thread.setDaemon(true);
  }

  /** A sampler on this machine's best source: Linux procfs, else OSHI. */
  public static ResourceSampler create(SamplerSettings settings) {
    ProcessTable table = ProcfsProcessTable.isAvailable() ? new ProcfsProcessTable() : new OshiProcessTable();
    return new ResourceSampler(table, settings);
  }

  /** Where the figures come from: {@code "procfs"} or {@code "oshi"}. */
  public String source() {
    return table.source();
  }

  /** The settings in use. */
  public SamplerSettings settings() {
    return settings;
  }

  /**
   * Starts (or replaces) tracking an instance.
   *
   * @param instanceId the instance id, ≥ 0
   * @param rootPid the pid of the instance's root process now, or -1 while none runs; called once per sample
   */
  public void track(int instanceId, LongSupplier rootPid) {
    if (instanceId < 0) {
      throw new IllegalArgumentException("instanceId must be ≥ 0, was " + instanceId);
    }
    if (rootPid == null) {
      throw new IllegalArgumentException("rootPid must not be null");
    }
    Tracked previous = tracked.put(instanceId, new Tracked(instanceId, rootPid, new ProcessTree(table),
        new SampleSeries(settings.capacity())));
    trackedVersion.incrementAndGet();
    if (previous != null) {
      retired.add(previous);
    }
  }

  /** Stops tracking an instance and forgets its samples. */
  public void untrack(int instanceId) {
    Tracked previous = tracked.remove(instanceId);
    trackedVersion.incrementAndGet();
    if (previous != null) {
      retired.add(previous);
    }
  }

  /** Starts sampling at a fixed rate (missed ticks are skipped, not bunched); does nothing if already started. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("sampler is closed");
    }
    if (!started) {
      started = true;
      thread.start();
    }
  }

  /** Starts a new window: resets every instance's, the totals' and the orchestrator's window aggregates. */
  public void startWindow() {
    synchronized (windowLock) {
      for (Tracked t : tracked.values()) {
        t.series.resetWindow();
      }
      totalsSeries.resetWindow();
      selfSeries.resetWindow();
    }
  }

  /** An instance's aggregates since the window started; empty if unknown or not yet sampled in the window. */
  public Optional<ResourceStats> windowStats(int instanceId) {
    Tracked t = tracked.get(instanceId);
    return t == null ? Optional.empty() : t.series.windowStats();
  }

  /** Aggregates of the sum over all instances, per sample tick (so the average of the summed RSS is exact). */
  public Optional<ResourceStats> windowTotals() {
    return totalsSeries.windowStats();
  }

  /** The orchestrator's own process (its own CPU, not its children's) since the window started. */
  public Optional<ResourceStats> selfWindowStats() {
    return selfSeries.windowStats();
  }

  /** An instance's latest sample, if any. */
  public Optional<ResourceSample> latest(int instanceId) {
    Tracked t = tracked.get(instanceId);
    return t == null ? Optional.empty() : t.series.latest();
  }

  /** An instance's retained samples, oldest first (at most the configured capacity). */
  public List<ResourceSample> series(int instanceId) {
    Tracked t = tracked.get(instanceId);
    return t == null ? List.of() : t.series.series();
  }

  /** The latest sample of the sum over instances (rootPid -1). */
  public Optional<ResourceSample> latestTotals() {
    return totalsSeries.latest();
  }

  /** The orchestrator's latest own sample. */
  public Optional<ResourceSample> selfLatest() {
    return selfSeries.latest();
  }

  /** The orchestrator's retained own samples, oldest first. */
  public List<ResourceSample> selfSeries() {
    return selfSeries.series();
  }

  /** Sample ticks run so far. */
  public long tickCount() {
    return ticks.get();
  }

  /** Ticks that failed with an unexpected exception (the sampler keeps running), and the last one. */
  public long errorCount() {
    return errors.get();
  }

  /** The last unexpected exception a tick threw, if any. */
  public Optional<Throwable> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** CPU time the sampler thread has used, from the JVM's thread CPU clock; empty if not measurable. */
  public OptionalLong samplerThreadCpuNanos() {
    long id = samplerThreadId;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (id < 0 || !mx.isThreadCpuTimeSupported()) {
      return OptionalLong.empty();
    }
    long nanos = mx.getThreadCpuTime(id);
    return nanos < 0 ? OptionalLong.empty() : OptionalLong.of(nanos);
  }

  /** Stops sampling (waiting for a tick in progress) and releases every OS handle. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (started) {
      LockSupport.unpark(thread);
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // The sampler thread has ended: its confined state may be released here.
    for (Tracked t : tracked.values()) {
      t.tree.releaseAll();
    }
    for (Tracked t; (t = retired.poll()) != null; ) {
      t.tree.releaseAll();
    }
    self.close();
    table.close();
  }

  private void run() {
    samplerThreadId = Thread.currentThread().getId();
    long periodNanos = TimeUnit.MILLISECONDS.toNanos(settings.intervalMillis());
    long next = System.nanoTime();
    while (!closed) {
      tick();
      next += periodNanos;
      long now = System.nanoTime();
      if (next - now < 0) {
        // Fell behind (machine overloaded): skip the missed ticks rather than run them back to back, since
        // CPU times move in clock ticks (10 ms) and a sub-millisecond interval gives a meaningless CPU %.
        next = now + periodNanos;
      }
      for (long wait = next - now; wait > 0 && !closed; wait = next - System.nanoTime()) {
        LockSupport.parkNanos(this, wait);
      }
    }
  }

  // The per-tick loops only call per-instance methods: tick() runs 10 times a second, so the JIT compiles it
  // only after ~20 s, while the per-instance methods, called N times per tick, are compiled within a second.
  private void tick() {
    try {
      for (Tracked t; (t = retired.poll()) != null; ) {
        t.tree.releaseAll();
      }
      Tracked[] now = refreshActive();
      boolean fullScan = false;
      for (Tracked t : now) {
        fullScan |= t.followRoot();
      }
      long nowNanos = System.nanoTime();
      if (fullScan || nowNanos - lastDiscoveryNanos
          >= TimeUnit.MILLISECONDS.toNanos(settings.discoveryIntervalMillis())) {
        discovery.discover(trees, fullScan);
        lastDiscoveryNanos = nowNanos;
      }
      sumIntervalCpu = 0;
      sumRss = 0;
      sumProcesses = 0;
      anySample = false;
      for (Tracked t : now) {
        sampleOne(t);
      }
      ResourceSample own = self.sample(scratch);
      long tickNanos = System.nanoTime();
      ResourceSample total = null;
      if (anySample && lastTickNanos >= 0 && tickNanos > lastTickNanos) {
        totalsCpuNanos += sumIntervalCpu;
        total = ResourceSample.of(tickNanos, tickNanos - lastTickNanos, sumIntervalCpu, totalsCpuNanos, sumRss,
            sumProcesses, -1);
      }
      lastTickNanos = tickNanos;
      // Record the whole tick at once so that startWindow() never splits a tick between windows.
      synchronized (windowLock) {
        for (Tracked t : now) {
          t.recordPending();
        }
        if (total != null) {
          totalsSeries.record(total);
        }
        if (own != null) {
          selfSeries.record(own);
        }
      }
      ticks.incrementAndGet();
    } catch (RuntimeException | Error e) {
      // One failed tick must not end sampling: count it, keep it for diagnosis and go on.
      errors.incrementAndGet();
      lastError = e;
    }
  }

  private void sampleOne(Tracked t) {
    ResourceSample s = t.tree.sample(scratch);
    t.pending = s;
    if (s != null) {
      anySample = true;
      sumIntervalCpu += s.intervalCpuNanos();
      sumRss += s.rssBytes();
      sumProcesses += s.processCount();
    }
  }

  /** The tracked instances as an array, rebuilt only after track/untrack (no copy of the map every tick). */
  private Tracked[] refreshActive() {
    long version = trackedVersion.get();
    if (version != activeVersion) {
      // Read the version first: a change racing with this copy bumps it again and the next tick re-copies.
      active = tracked.values().toArray(new Tracked[0]);
      trees.clear();
      for (Tracked t : active) {
        trees.add(t.tree);
      }
      activeVersion = version;
    }
    return active;
  }
}
