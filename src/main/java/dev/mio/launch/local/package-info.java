/**
 * Instances as local OS processes: ports, logs, process trees, no orphans.
 *
 * <p>Entry point: {@link dev.mio.launch.local.LocalProcessLauncher}. Each instance root runs in its own
 * session and process group (pid = pgid), spawned from one long-lived thread under
 * {@code setpriv --pdeathsig KILL}; a watcher process and the {@link dev.mio.launch.local.StateFolder} kill the
 * groups when the orchestrator dies. A process counts as gone when it is a zombie: in containers whose init
 * does not reap orphans, zombies of killed grandchildren may stay listed by {@code ps}/{@code pgrep}, but they
 * run no code and hold no port. Limit: a descendant that starts its own session or group escapes the group
 * signals (stop still signals it by pid if it was seen when the stop began).
 */
package dev.mio.launch.local;
