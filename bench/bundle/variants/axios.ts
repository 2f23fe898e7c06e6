import { axiosAuthRefresh } from '../../contenders/axiosAuthRefresh'
import { usePageOf } from './baseline'

export { install } from './baseline'
export const usePage = () => usePageOf(axiosAuthRefresh)
