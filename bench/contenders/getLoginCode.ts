/** `uni.login` as apps usually promisify it (the typings declare only the callback form). */
export function getLoginCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    uni.login({ provider: 'weixin', success: (res) => resolve(res.code), fail: reject })
  })
}
