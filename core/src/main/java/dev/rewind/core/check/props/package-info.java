/**
 * A jqwik kit for property-testing VJPs: generators of shapes, broadcasting pairs and values inside
 * an op's domain ({@link dev.rewind.core.check.props.TensorArbitraries}, {@link dev.rewind.core.check.props.Domain}),
 * and contracts whose default properties gradient-check an op over them ({@link dev.rewind.core.check.props.UnaryOpContract}).
 */
package dev.rewind.core.check.props;
