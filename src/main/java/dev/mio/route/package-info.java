/** Key to shard to replica: the documented stable hash, Jump Consistent Hash and least-outstanding choice. */
package dev.mio.route;
