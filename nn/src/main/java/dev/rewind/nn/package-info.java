/**
 * Neural-network building blocks on Rewind tensors: {@link dev.rewind.nn.Module} (named
 * parameters, buffers, state, train/eval), {@link dev.rewind.nn.Sequential} and {@link dev.rewind.nn.Mlp}.
 */
package dev.rewind.nn;
