/*!
Evaluation of the engine on labelled cases: the scenario format `eval` reads ([`scenario`]) and
the scoring of a run against the labels ([`score`]).
*/
pub mod scenario;
pub mod score;
