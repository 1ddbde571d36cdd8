package dev.rewind.optim.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The trials of a search, ranked: trials granted larger budgets first (their scores are the more
 * reliable estimates), then best score first, then in the order they ran.
 */
public final class SearchResult {
  private final List<Trial> ranked;
  private final List<Trial> chronological;

  SearchResult(List<Trial> trials, Goal goal) {
    this.chronological = List.copyOf(trials);
    List<Trial> r = new ArrayList<>(trials);
    r.sort(Comparator.comparingDouble(Trial::budget).reversed()
        .thenComparing((a, b) -> goal.compare(a.score(), b.score()))
        .thenComparingInt(Trial::index));
    this.ranked = List.copyOf(r);
  }

  /** All trials, ranked (see the class comment). */
  public List<Trial> trials() {
    return ranked;
  }

  /** All trials in the order they ran. */
  public List<Trial> chronological() {
    return chronological;
  }

  /** The best trial at the largest budget. */
  public Trial best() {
    if (ranked.isEmpty()) {
      throw new IllegalStateException("SearchResult.best(): the search ran no trials");
    }
    return ranked.get(0);
  }

  /** The sum of the budgets granted to all trials. */
  public double totalBudget() {
    return chronological.stream().mapToDouble(Trial::budget).sum();
  }

  @Override
  public String toString() {
    return "SearchResult(" + ranked.size() + " trials, best " + (ranked.isEmpty() ? "none"
        : best()) + ")";
  }
}
