/** The built-in sample HTTP service that instances run by default. */
package dev.mio.worker;
