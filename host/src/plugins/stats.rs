//! Operator learning: Beta posteriors per vault and Thompson sampling.

use rand::Rng;
use rand_distr::{Beta, Distribution};

/// A Beta(alpha, beta) belief that an operator helps a vault.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Posterior {
    /// Pseudo-count of help.
    pub alpha: f64,
    /// Pseudo-count of no help.
    pub beta: f64,
}

impl Default for Posterior {
    /// The uniform prior, Beta(1, 1).
    fn default() -> Self {
        Self {
            alpha: 1.0,
            beta: 1.0,
        }
    }
}

impl Posterior {
    /// The posterior mean.
    pub fn mean(&self) -> f64 {
        self.alpha / (self.alpha + self.beta)
    }

    /// One draw from the posterior.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match Beta::new(self.alpha, self.beta) {
            Ok(d) => d.sample(rng),
            Err(_) => self.mean(),
        }
    }
}

/// Picks the candidate whose posterior draw is highest (Thompson sampling).
/// Returns the index and the draws.
pub fn thompson<R: Rng + ?Sized>(
    posteriors: &[Posterior],
    rng: &mut R,
) -> Option<(usize, Vec<f64>)> {
    let draws: Vec<f64> = posteriors.iter().map(|p| p.sample(rng)).collect();
    let best = draws
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i)?;
    Some((best, draws))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn mean_and_prior() {
        assert_eq!(Posterior::default().mean(), 0.5);
        assert_eq!(
            Posterior {
                alpha: 3.0,
                beta: 1.0
            }
            .mean(),
            0.75
        );
    }

    #[test]
    fn thompson_prefers_the_better_arm() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let arms = [
            Posterior {
                alpha: 2.0,
                beta: 40.0,
            },
            Posterior {
                alpha: 40.0,
                beta: 2.0,
            },
        ];
        let wins = (0..1000)
            .filter(|_| thompson(&arms, &mut rng).unwrap().0 == 1)
            .count();
        assert!(wins > 950, "{wins}");
        let even = [Posterior::default(), Posterior::default()];
        let wins = (0..2000)
            .filter(|_| thompson(&even, &mut rng).unwrap().0 == 1)
            .count();
        assert!((800..1200).contains(&wins), "{wins}");
        assert!(thompson(&[], &mut rng).is_none());
    }
}
