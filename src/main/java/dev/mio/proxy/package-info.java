/** The front-door reverse proxy that routes external traffic by shard key. */
package dev.mio.proxy;
