/** Samples CPU time and resident memory of each instance's whole process tree from the OS. */
package dev.mio.sample;
