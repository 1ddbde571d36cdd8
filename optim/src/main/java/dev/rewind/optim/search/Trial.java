package dev.rewind.optim.search;

/**
 * One evaluation: the {@code index}-th call of the objective (from 0), its configuration, the
 * budget it was granted and the score it returned.
 */
public record Trial(int index, Config config, double budget, double score) {}
