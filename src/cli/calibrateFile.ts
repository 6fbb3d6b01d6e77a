import type { CalibrationOptions, CalibrationResult } from '../feedback/calibrateSamples';
export interface FileCalibrationOptions { file: string; outcome: string; positive?: string | undefined; id?: string | undefined; mapping?: string | undefined; definition?: string | undefined; discover: boolean; out?: string | undefined; exclude: string[] }
export async function calibrateFromFile(_o: FileCalibrationOptions, _c: CalibrationOptions, _e: NodeJS.WritableStream): Promise<{ result: CalibrationResult; written: string | null }> {
  throw new Error('todo');
}
