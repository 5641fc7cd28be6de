/** The command line: one class per subcommand. */
package dev.mio.cli;
