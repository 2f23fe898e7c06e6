import type { Contender } from '../types'
import { alovaTokenAuth } from './alovaTokenAuth'
import { axiosAuthRefresh } from './axiosAuthRefresh'
import { bareLuch } from './bareLuch'
import { luchRecipe } from './luchRecipe'
import { seedWrapper } from './seedWrapper'
import { uniRelogin } from './uniRelogin'

/** The re-login contenders, in table order. */
export const contenders: Contender[] = [uniRelogin, seedWrapper, luchRecipe, alovaTokenAuth, axiosAuthRefresh]

/** Every client the CPU scenario times, baseline first. */
export const cpuContenders: Contender[] = [bareLuch, ...contenders]
