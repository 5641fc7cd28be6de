/** Launching instances: the InstanceLauncher seam and the values describing a deployment. */
package dev.mio.launch;
