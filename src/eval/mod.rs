/*!
Evaluation on labelled cases: the scenario format and the one loader of scenario folders
([`scenario`]), the engine run over them as `eval` does ([`runner`]) and the scoring of a run
against the labels ([`score`]), and the model alone on them for `model calibrate|bench`
([`calibration`]).
*/
pub mod calibration;
pub mod runner;
pub mod scenario;
pub mod score;
