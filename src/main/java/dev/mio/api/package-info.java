/** The REST API, its error mapping and the Prometheus endpoint. */
package dev.mio.api;
