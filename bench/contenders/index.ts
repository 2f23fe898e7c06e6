import type { Contender } from '../types'
import { alovaTokenAuth } from './alovaTokenAuth'
import { axiosAuthRefresh, axiosAuthRefreshNoDedupe } from './axiosAuthRefresh'
import { bareLuch } from './bareLuch'
import { luchRecipe } from './luchRecipe'
import { seedWrapper } from './seedWrapper'
import { uniRelogin } from './uniRelogin'

/** The re-login contenders, in table order (the scenario and CPU children rotate the order they run in). */
export const contenders: Contender[] = [uniRelogin, seedWrapper, luchRecipe, alovaTokenAuth, axiosAuthRefresh, axiosAuthRefreshNoDedupe]

/** Every client the CPU scenario times, baseline first. */
export const cpuContenders: Contender[] = [bareLuch, ...contenders]

/**
 * The order for one round of runs: round r starts at item r mod n and wraps around, so over
 * successive rounds every contender runs first, last and in between alike.
 */
export function inTurn<T>(items: readonly T[], round: number): T[] {
  const start = round % items.length
  return [...items.slice(start), ...items.slice(0, start)]
}
