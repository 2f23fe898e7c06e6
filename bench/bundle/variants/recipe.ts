import { luchRecipe } from '../../contenders/luchRecipe'
import { usePageOf } from './baseline'

export { install } from './baseline'
export const usePage = () => usePageOf(luchRecipe)
