/** The built-in load driver: request templates, closed and open models, key distributions. */
package dev.mio.load;
