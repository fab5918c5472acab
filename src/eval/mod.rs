/*!
Evaluation of the engine on labelled cases: the scenario format `eval` reads ([`scenario`]).
*/
pub mod scenario;
