// The converter's public face: files in, whole converted files and a report (JSON contract v1) out.
export { convertFiles, parseConvertTarget, formatConvertTarget, targetSupports, CONVERT_TARGETS } from './pipeline';
export { emitYaml } from './emit';
export type { ConvertedFile } from './contract';
export type { ConvertTarget, ConvertTargetId } from './model';
export { answerableNeeds, answerProblem, applyAnswers, remainingNeeds } from './answers';
export type { AnswerableNeed, AnswerKind } from './answers';
