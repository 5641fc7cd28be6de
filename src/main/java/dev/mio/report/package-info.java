/** The immutable run report and its JSON and text renderings. */
package dev.mio.report;
