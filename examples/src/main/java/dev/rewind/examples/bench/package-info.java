/**
 * The {@code bench} command: workloads W1–W3 of the design notes run by Rewind, by hand-written
 * ND4J and by SameDiff in one JVM, with medians and ratios, and a resident-memory check.
 */
package dev.rewind.examples.bench;
