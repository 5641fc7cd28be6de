/**
 * The front-door reverse proxy that routes external traffic by shard key, straight on Netty on the Vert.x event
 * loops: requests are read with Netty's {@code HttpRequestDecoder}, written to the instance as bytes; responses pass
 * back as the bytes the instance sent, with hop-by-hop header lines dropped while copying the head.
 */
package dev.mio.proxy;
