/**
 * Seeded weight initializers ({@link dev.rewind.nn.init.Initializer}, made by
 * {@link dev.rewind.nn.init.Initializers}): constants, normal, uniform, Xavier, He and orthogonal.
 */
package dev.rewind.nn.init;
