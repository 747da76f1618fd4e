//! [`DynPlan`]: a [`Plan`] behind a box, so the commands waiting on one stream, each with its
//! own plan type, can sit in one queue and be decided by whichever task leads it.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

use crate::app::Plan;
use crate::error::AppError;
use crate::stored::Stored;

/// A boxed future that may move between threads.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The object-safe face of [`Plan`]: the same three steps, their futures boxed.
pub(crate) trait DynPlan<A: Stored>: Send
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    /// [`Plan::command`].
    fn command<'a>(&'a mut self, state: &'a A) -> BoxFuture<'a, Result<A::Command, AppError>>;

    /// [`Plan::before_append`].
    fn before_append<'a>(
        &'a mut self,
        state: &'a A,
        events: &'a [A::Event],
    ) -> BoxFuture<'a, Result<(), AppError>>;

    /// [`Plan::after_append`].
    fn after_append<'a>(&'a mut self, events: &'a [A::Event]) -> BoxFuture<'a, ()>;

    /// [`Plan::alone`].
    fn alone(&self) -> bool;
}

impl<A: Stored, P: Plan<A>> DynPlan<A> for P
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    fn command<'a>(&'a mut self, state: &'a A) -> BoxFuture<'a, Result<A::Command, AppError>> {
        Box::pin(Plan::command(self, state))
    }

    fn before_append<'a>(
        &'a mut self,
        state: &'a A,
        events: &'a [A::Event],
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(Plan::before_append(self, state, events))
    }

    fn after_append<'a>(&'a mut self, events: &'a [A::Event]) -> BoxFuture<'a, ()> {
        Box::pin(Plan::after_append(self, events))
    }

    fn alone(&self) -> bool {
        Plan::alone(self)
    }
}
