/**
 * Gradient checking by central differences ({@link dev.rewind.core.check.GradCheck}), the tape
 * audit that names the first wrong VJP in a graph, and the property-test kit for ops.
 */
package dev.rewind.core.check;
