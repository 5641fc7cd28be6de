/** The run lifecycle: phases with an explicit transition table, and the orchestrator. */
package dev.mio.run;
