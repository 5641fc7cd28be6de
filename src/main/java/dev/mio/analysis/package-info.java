/** Pure maths over measured figures: speedup, efficiency, skew. */
package dev.mio.analysis;
