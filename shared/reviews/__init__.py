"""Contract reviews: mid-term and final, with the person's own self-rating on life areas."""
